/**
 * `responses-bridge/node`: what serves the Responses API from a Node process and needs Node to
 * do it (the main entry runs anywhere fetch does): WebSocket mode for a `node:http` server, and
 * a SQLite store on Node's built-in `node:sqlite`.
 */
export {
  attachResponsesWebSocket,
  type ResponsesWebSocket,
  type ResponsesWebSocketOptions,
} from './server/node-websocket';
export { createSqliteStore, type SqliteStoreOptions } from './server/store/sqlite-store';
