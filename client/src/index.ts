// @cau/client: what the widget and the desk share about talking to the API (errors, live events).
// A client like them: it may import the server's types, never its code.
export * from './errors';
export * from './events';
