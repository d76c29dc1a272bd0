/** HTTP: the JSON API, OGC API – Features and the web UI over a Store and a Pipeline. `createApp(options)`. */
export * from './create-app.js';
export * from './http-error.js';
export * from './auth.js';
export * from './readers.js';
export * from './query.js';
export * from './features.js';
export * from './openapi.js';
export * from './response-cache.js';
