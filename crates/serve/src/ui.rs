//! The embedded web UI: static files compiled into the binary.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const INDEX: &str = include_str!("../ui/index.html");
const APP_JS: &str = include_str!("../ui/app.js");
const APP_CSS: &str = include_str!("../ui/app.css");
const CHART_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/chart.umd.min.js"));
const CYTOSCAPE_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/cytoscape.min.js"));
const CREDITS: &str = include_str!("../ui/CREDITS.txt");

fn asset(body: &'static str, mime: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

/// Routes of the UI.
pub(crate) fn routes() -> Router {
    Router::new()
        .route(
            "/",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                        (
                            header::CONTENT_SECURITY_POLICY,
                            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
                        ),
                    ],
                    INDEX,
                )
            }),
        )
        .route(
            "/ui/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/ui/app.css",
            get(|| async { asset(APP_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/ui/vendor/chart.umd.min.js",
            get(|| async { asset(CHART_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/ui/vendor/cytoscape.min.js",
            get(|| async { asset(CYTOSCAPE_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/ui/credits.txt",
            get(|| async { asset(CREDITS, "text/plain; charset=utf-8") }),
        )
}
