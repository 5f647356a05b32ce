//! The OpenAPI 3.1 document of the API, served at `/api/openapi.json`.

use serde_json::{json, Value};

/// Every API route as (method, OpenAPI path); the tests check each is in [`openapi`] and
/// answers.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/health"),
    ("get", "/api/openapi.json"),
    ("get", "/api/summary"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("get", "/api/incidents/{id}"),
    ("get", "/api/documents/{id}"),
    ("get", "/api/series"),
    ("get", "/api/timeline"),
    ("get", "/api/partners"),
    ("get", "/api/meetings"),
    ("get", "/api/admin/status"),
];

fn q(name: &str, desc: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": desc, "schema": schema })
}

fn req(name: &str, desc: &str) -> Value {
    json!({ "name": name, "in": "query", "required": true, "description": desc, "schema": {"type": "string"} })
}

fn s() -> Value {
    json!({"type": "string"})
}

fn page_params() -> Vec<Value> {
    vec![
        q(
            "limit",
            "Items per page (1-10000).",
            json!({"type": "integer", "minimum": 1, "maximum": 10000}),
        ),
        q(
            "offset",
            "Items skipped.",
            json!({"type": "integer", "minimum": 0}),
        ),
    ]
}

fn ok(desc: &str, schema: Value) -> Value {
    json!({
        "200": { "description": desc, "content": { "application/json": { "schema": schema } } },
        "400": { "description": "Bad parameter (the message names it).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
        "404": { "description": "Not found.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    })
}

/// The OpenAPI document.
pub fn openapi() -> Value {
    let actor = "Actor code prefix, optionally with a sector: RUS, RUSGOV, RUS:GOV.";
    let date = "Date YYYY, YYYY-MM or YYYY-MM-DD (inclusive).";
    let mut event_params = vec![
        q("actor", &format!("Actor on either side. {actor}"), s()),
        q("source", &format!("Source actor. {actor}"), s()),
        q("target", &format!("Target actor. {actor}"), s()),
        q(
            "both",
            "With source and target: also the reverse direction.",
            json!({"type": "boolean"}),
        ),
        q("cameo", "CAMEO code or prefix (0711, 071).", s()),
        q("root", "CAMEO root, two digits (07).", s()),
        q("plover", "PLOVER event type (AID, CONSULT...).", s()),
        q(
            "quad",
            "QuadClass 1-4 (1 verbal cooperation ... 4 material conflict), or several separated by commas: 1,2 cooperation, 3,4 conflict.",
            json!({"type": "string", "pattern": "^[1-4](,[1-4])*$"}),
        ),
        q(
            "certainty",
            "Comma-separated certainties: asserted, reported, alleged, denied, planned, hypothetical.",
            s(),
        ),
        q(
            "negated",
            "Only negated (true) or non-negated (false) events.",
            json!({"type": "boolean"}),
        ),
        q("since", date, s()),
        q("until", date, s()),
        q("place", "Country code (AFG) or place name.", s()),
        q("outlet", "News outlet (case-insensitive).", s()),
        q("text", "Words in the evidence sentence.", s()),
        q("incident", "Events of one incident.", json!({"type": "integer"})),
        q("doc", "Events of one document.", s()),
    ];
    let mut timeline_params = event_params.clone();
    timeline_params.push(q(
        "by",
        "Period (default month).",
        json!({"type": "string", "enum": ["day", "week", "month"]}),
    ));
    event_params.extend(page_params());
    let mut partner_params = vec![
        req("actor", actor),
        q("since", date, s()),
        q("until", date, s()),
        q(
            "negated",
            "Include negated events.",
            json!({"type": "boolean"}),
        ),
    ];
    partner_params.extend(page_params());
    let mut meeting_params = vec![
        q(
            "actor",
            &format!("Meetings this actor attended or missed. {actor}"),
            s(),
        ),
        q("since", date, s()),
        q("until", date, s()),
    ];
    meeting_params.extend(page_params());
    let obj = json!({"type": "object"});
    let arr = json!({"type": "array", "items": {"type": "object"}});
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "jirga event store API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only JSON API over a jirga event store: coded political events (CAMEO/PLOVER), \
                their evidence sentences and explanations, dyad time series, partners and meetings. \
                Bad parameters get a 400 with {\"error\": message}. Answers of the data endpoints may come from the server's \
                cache (header x-jirga-cache: hit or miss), which is emptied whenever the store file changes."
        },
        "paths": {
            "/api/health": { "get": { "summary": "Liveness.", "responses": ok("ok", obj.clone()) } },
            "/api/openapi.json": { "get": { "summary": "This document.", "responses": ok("OpenAPI document", obj.clone()) } },
            "/api/summary": { "get": {
                "summary": "Counts of documents, events, incidents, outlets; top dyads; reports per CAMEO root.",
                "parameters": [q("top", "Number of top dyads (1-500, default 20).", json!({"type": "integer", "minimum": 1, "maximum": 500}))],
                "responses": ok("Summary", obj.clone()) } },
            "/api/events": { "get": {
                "summary": "Events matching a filter, one page, by event date then storage order, with the total.",
                "parameters": event_params,
                "responses": ok("EventPage: {total, offset, limit, events: [{key, incident, date, record}]}", obj.clone()) } },
            "/api/events/{id}": { "get": {
                "summary": "One event by id (doc#sentence.n, URL-encoded) or row number: record, evidence sentence, explanation, \
                    its incident with all reports, and highlights (UTF-16 offsets into the sentence) for source, target, trigger, attribution, place.",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": s()}],
                "responses": ok("EventDetail with highlights", obj.clone()) } },
            "/api/incidents/{id}": { "get": {
                "summary": "One incident (deduplicated happening) with every report.",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": ok("IncidentDetail", obj.clone()) } },
            "/api/documents/{id}": { "get": {
                "summary": "One stored document by id (URL-encoded): metadata (url, title, date, outlet, author, language), text and every event coded in it.",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": s()}],
                "responses": ok("Document with its event records", obj.clone()) } },
            "/api/series": { "get": {
                "summary": "Dyad time series: reports and incidents per QuadClass, Goldstein sum and mean per period.",
                "parameters": [
                    req("source", actor), req("target", actor),
                    q("both", "Both directions (default true).", json!({"type": "boolean"})),
                    q("by", "Period.", json!({"type": "string", "enum": ["day", "week", "month"]})),
                    q("since", date, s()), q("until", date, s()),
                    q("negated", "Include negated events (default false).", json!({"type": "boolean"}))
                ],
                "responses": ok("Series points", arr.clone()) } },
            "/api/timeline": { "get": {
                "summary": "Events per period over any event filter (the parameters of /api/events without limit and offset): \
                    reports, incidents and reports per QuadClass; the events behind a period are /api/events with the same \
                    filter and since = until = the period.",
                "parameters": timeline_params,
                "responses": ok("Timeline points: [{period, reports, incidents, quad_reports}]", arr.clone()) } },
            "/api/partners": { "get": {
                "summary": "Who an actor deals with, ranked by reports.",
                "parameters": partner_params,
                "responses": ok("Partners", arr.clone()) } },
            "/api/meetings": { "get": {
                "summary": "Meetings (consultations) with attendees and absentees.",
                "parameters": meeting_params,
                "responses": ok("Meetings", arr.clone()) } },
            "/api/admin/status": { "get": {
                "summary": "Server status (admin; needs the token given with --token).",
                "security": [{"bearer": []}],
                "responses": {
                    "200": {"description": "Status", "content": {"application/json": {"schema": obj}}},
                    "401": {"description": "Missing or wrong token."},
                    "403": {"description": "Server started without a token."}
                } } }
        },
        "components": {
            "schemas": { "Error": { "type": "object", "properties": { "error": { "type": "string" } }, "required": ["error"] } },
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } }
        }
    })
}
