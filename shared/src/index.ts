// Public surface of the shared workspace: pure rules used by server, widget and desk.
export * from './cpf';
export * from './credentials';
export * from './deadlines';
export * from './labels';
export * from './lifecycle';
export * from './reasons';
export * from './schemas';
export * from './time';
export * from './admin-schemas';
export * from './attachments';
export * from './workspace';
