//! The résumé model shared by the browser and the server.
