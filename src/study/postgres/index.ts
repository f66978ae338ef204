// The study store on PostgreSQL: same schema and statements as the SQLite store (translated by
// ./dialect.ts), for studies shared by many machines.
export { openPostgresStudy, type OpenPostgresOptions } from './postgres-store.js';
export { redactUrl } from './connection.js';
