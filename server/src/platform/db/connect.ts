import mongoose, { type Connection } from 'mongoose';

/**
 * One connection per app instance (not mongoose's global default), so tests can
 * run several instances in one process. No `serverApi`, no credentials in the
 * URI for the embedded engine (it rejects both).
 */
export async function connectDb(uri: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    autoIndex: false,
    autoCreate: true,
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: 50,
  });
  await conn.asPromise();
  return conn;
}

/** Model bound to this connection, registered once. */
export function modelOn<T>(conn: Connection, name: string, schema: mongoose.Schema<T>): mongoose.Model<T> {
  return (conn.models[name] as mongoose.Model<T> | undefined) ?? conn.model<T>(name, schema);
}
