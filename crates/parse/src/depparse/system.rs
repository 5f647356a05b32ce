//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez & Satta 2011) with the
//! ROOT token at the END of the buffer, and its dynamic oracle (Goldberg & Nivre 2013).
//!
//! Words are numbered `1..=n`; ROOT is index 0 in every array but sits at position
//! `n + 1` (after the last word), so the buffer is always the suffix `b..=n` followed by
//! ROOT. Transitions:
//!
//! * `SHIFT`: push the buffer front onto the stack (not allowed when the front is ROOT);
//! * `LEFT(l)`: the buffer front becomes the head of the stack top, which is popped;
//! * `RIGHT(l)`: the second stack item becomes the head of the stack top, which is popped.
//!
//! `LEFT` onto ROOT is allowed only when the stack holds a single word, so every parse
//! has exactly one root; every sentence of `n` words takes exactly `2n` transitions, and
//! any sequence of valid transitions ends in a projective tree.

use jirga_doc::DepRel;

/// Number of relation labels (all of [`DepRel::NAMES`]).
pub(crate) const NLABELS: usize = DepRel::NAMES.len();
/// Class of SHIFT.
pub(crate) const SHIFT: usize = 0;
/// Label index of `root`.
pub(crate) const ROOT_LABEL: u8 = 1;
/// "No token" marker.
pub(crate) const NONE: u32 = u32::MAX;

/// Class of LEFT(label).
#[inline]
pub(crate) fn left(label: u8) -> usize {
    1 + label as usize
}

/// Class of RIGHT(label).
#[inline]
pub(crate) fn right(label: u8) -> usize {
    1 + NLABELS + label as usize
}

/// One decoded transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    /// SHIFT.
    Shift,
    /// LEFT-ARC with a label index.
    Left(u8),
    /// RIGHT-ARC with a label index.
    Right(u8),
}

impl Move {
    /// Decodes a class index.
    #[inline]
    pub(crate) fn from_class(c: usize) -> Move {
        if c == SHIFT {
            Move::Shift
        } else if c <= NLABELS {
            Move::Left((c - 1) as u8)
        } else {
            Move::Right((c - 1 - NLABELS) as u8)
        }
    }
}

/// A parser configuration plus the partial tree built so far.
#[derive(Debug, Clone)]
pub(crate) struct State {
    /// Number of words.
    pub n: u32,
    /// Stack of word indices (top last).
    pub stack: Vec<u32>,
    /// Buffer front: a word index in `1..=n`, or `n + 1` when only ROOT remains.
    pub b: u32,
    /// Head of each word (index 0 unused); [`NONE`] while unattached, 0 for ROOT.
    pub heads: Vec<u32>,
    /// Label index of each word's arc.
    pub labels: Vec<u8>,
    /// Leftmost child (index 0 = ROOT).
    pub lc1: Vec<u32>,
    /// Second leftmost child.
    pub lc2: Vec<u32>,
    /// Rightmost child.
    pub rc1: Vec<u32>,
    /// Second rightmost child.
    pub rc2: Vec<u32>,
    /// Number of left children.
    pub nl: Vec<u16>,
    /// Number of right children.
    pub nr: Vec<u16>,
    /// Set of labels of left children (bit per label index).
    pub lset: Vec<u128>,
    /// Set of labels of right children.
    pub rset: Vec<u128>,
    /// Whether each word is on the stack.
    pub in_stack: Vec<bool>,
}

impl State {
    /// The initial configuration for `n` words.
    pub(crate) fn new(n: usize) -> State {
        let m = n + 1;
        State {
            n: n as u32,
            stack: Vec::with_capacity(n),
            b: 1,
            heads: vec![NONE; m],
            labels: vec![0; m],
            lc1: vec![NONE; m],
            lc2: vec![NONE; m],
            rc1: vec![NONE; m],
            rc2: vec![NONE; m],
            nl: vec![0; m],
            nr: vec![0; m],
            lset: vec![0; m],
            rset: vec![0; m],
            in_stack: vec![false; m],
        }
    }

    /// Linear position of a token: ROOT (0) sits after the last word.
    #[inline]
    pub(crate) fn pos(&self, t: u32) -> u32 {
        if t == 0 {
            self.n + 1
        } else {
            t
        }
    }

    /// Whether parsing is finished.
    #[inline]
    pub(crate) fn is_terminal(&self) -> bool {
        self.stack.is_empty() && self.b > self.n
    }

    /// The buffer front (0 = ROOT).
    #[inline]
    pub(crate) fn b0(&self) -> u32 {
        if self.b <= self.n {
            self.b
        } else {
            0
        }
    }

    /// The `k`-th buffer item (0 = ROOT, [`NONE`] past the end).
    #[inline]
    pub(crate) fn buf(&self, k: u32) -> u32 {
        let i = self.b + k;
        if i <= self.n {
            i
        } else if i == self.n + 1 {
            0
        } else {
            NONE
        }
    }

    /// The `k`-th stack item from the top, [`NONE`] if absent.
    #[inline]
    pub(crate) fn st(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k]
        } else {
            NONE
        }
    }

    /// Whether SHIFT is allowed.
    #[inline]
    pub(crate) fn can_shift(&self) -> bool {
        self.b <= self.n
    }

    /// Whether LEFT with a non-root label is allowed.
    #[inline]
    pub(crate) fn can_left(&self) -> bool {
        !self.stack.is_empty() && self.b <= self.n
    }

    /// Whether LEFT onto ROOT (label `root`) is allowed.
    #[inline]
    pub(crate) fn can_left_root(&self) -> bool {
        self.stack.len() == 1 && self.b > self.n
    }

    /// Whether RIGHT is allowed.
    #[inline]
    pub(crate) fn can_right(&self) -> bool {
        self.stack.len() >= 2
    }

    /// Whether a class is valid here (labels other than `root` only on word heads).
    pub(crate) fn is_valid(&self, class: usize) -> bool {
        match Move::from_class(class) {
            Move::Shift => self.can_shift(),
            Move::Left(l) if l == ROOT_LABEL => self.can_left_root(),
            Move::Left(_) => self.can_left(),
            Move::Right(l) => l != ROOT_LABEL && self.can_right(),
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        self.heads[d as usize] = h;
        self.labels[d as usize] = label;
        let (hi, bit) = (h as usize, 1u128 << (label as u32 % 128));
        if self.pos(d) < self.pos(h) {
            self.nl[hi] = self.nl[hi].saturating_add(1);
            self.lset[hi] |= bit;
            if self.lc1[hi] == NONE || d < self.lc1[hi] {
                self.lc2[hi] = self.lc1[hi];
                self.lc1[hi] = d;
            } else if self.lc2[hi] == NONE || d < self.lc2[hi] {
                self.lc2[hi] = d;
            }
        } else {
            self.nr[hi] = self.nr[hi].saturating_add(1);
            self.rset[hi] |= bit;
            if self.rc1[hi] == NONE || d > self.rc1[hi] {
                self.rc2[hi] = self.rc1[hi];
                self.rc1[hi] = d;
            } else if self.rc2[hi] == NONE || d > self.rc2[hi] {
                self.rc2[hi] = d;
            }
        }
    }

    /// Applies a transition; the caller checks validity first (an invalid one is ignored).
    pub(crate) fn apply(&mut self, class: usize) {
        if !self.is_valid(class) {
            return;
        }
        match Move::from_class(class) {
            Move::Shift => {
                let b = self.b;
                self.stack.push(b);
                self.in_stack[b as usize] = true;
                self.b += 1;
            }
            Move::Left(l) => {
                if let Some(s0) = self.stack.pop() {
                    self.in_stack[s0 as usize] = false;
                    let b0 = self.b0();
                    self.add_arc(b0, s0, l);
                }
            }
            Move::Right(l) => {
                if let Some(s0) = self.stack.pop() {
                    self.in_stack[s0 as usize] = false;
                    if let Some(&s1) = self.stack.last() {
                        self.add_arc(s1, s0, l);
                    }
                }
            }
        }
    }

    /// Whether `t` (0 = ROOT) is still in the buffer.
    #[inline]
    fn in_buffer(&self, t: u32) -> bool {
        t == 0 || (t >= self.b && t <= self.n)
    }

    /// Costs of SHIFT, LEFT and RIGHT (unlabeled; [`u32::MAX`] when not allowed) under
    /// the gold heads `gh` (index 0 unused), plus whether a correct arc for the stack top
    /// would come from LEFT (`Some(true)`), RIGHT (`Some(false)`) or neither.
    ///
    /// These are the arc-hybrid dynamic-oracle costs of Goldberg & Nivre (2013): the
    /// number of gold arcs a transition makes unreachable. They are exact for projective
    /// gold trees.
    pub(crate) fn costs(&self, gh: &[u32]) -> [u32; 3] {
        let mut out = [u32::MAX; 3];
        let s0 = self.st(0);
        let s1 = self.st(1);
        let b0 = self.b0();
        if self.can_shift() {
            // b0 loses heads deeper than s0 on the stack and children on the stack.
            let mut c = 0;
            let h = gh[b0 as usize];
            if h != 0
                && h != s0
                && h != NONE
                && (h as usize) < self.in_stack.len()
                && self.in_stack[h as usize]
            {
                c += 1;
            }
            for &s in &self.stack {
                if gh[s as usize] == b0 {
                    c += 1;
                }
            }
            out[0] = c;
        }
        if s0 != NONE {
            // children of s0 still in the buffer are lost by either arc transition
            let mut kids = 0;
            for d in self.b..=self.n {
                if gh[d as usize] == s0 {
                    kids += 1;
                }
            }
            let h = gh[s0 as usize];
            if self.can_left() || self.can_left_root() {
                let lost_head = h != b0 && ((s1 != NONE && h == s1) || self.in_buffer(h));
                out[1] = kids + lost_head as u32;
            }
            if self.can_right() {
                let lost_head = h != s1 && self.in_buffer(h);
                out[2] = kids + lost_head as u32;
            }
        }
        out
    }
}

/// Whether `k` lies under `h` in the tree `heads` (index 0 = ROOT, dominating everything).
fn dominates(heads: &[u32], h: u32, mut k: u32) -> bool {
    for _ in 0..heads.len() {
        if k == h {
            return true;
        }
        if k == 0 || k as usize >= heads.len() {
            return false;
        }
        k = heads[k as usize];
    }
    false // a cycle: malformed input
}

/// Lifts non-projective arcs (shortest first) to the head's head until the tree is
/// projective, as pseudo-projective parsing does (Nivre & Nilsson 2005, without the label
/// encoding): the dynamic oracle is exact only for projective trees. `heads[d]` is the
/// head of word `d` (index 0 unused, 0 = ROOT). Returns the number of lifts.
pub(crate) fn projectivize(heads: &mut [u32]) -> usize {
    let n = heads.len().saturating_sub(1);
    let mut lifts = 0;
    while lifts <= n {
        let mut shortest: Option<(u32, usize)> = None;
        for d in 1..=n {
            let h = heads[d];
            if h == 0 || h as usize > n {
                continue;
            }
            let (lo, hi) = if (h as usize) < d {
                (h as usize, d)
            } else {
                (d, h as usize)
            };
            let crossing = (lo + 1..hi).any(|k| !dominates(heads, h, k as u32));
            if crossing && shortest.is_none_or(|(_, len)| hi - lo < len) {
                shortest = Some((d as u32, hi - lo));
            }
        }
        let Some((d, _)) = shortest else { break };
        let h = heads[d as usize];
        heads[d as usize] = heads[h as usize];
        lifts += 1;
    }
    lifts
}
