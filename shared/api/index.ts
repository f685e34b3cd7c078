/** The API contract in one import: routes, schemas, WebSocket messages and error codes. */
export * from './errors.js';
export * from './routes.js';
export * from './schemas.js';
export * from './review-schemas.js';
export * from './ws-messages.js';
