// The Hocuspocus peer of bench/peers/: @hocuspocus/server 3.4.4 with @hocuspocus/extension-database
// storing each document's state in SQLite (better-sqlite3), with the table and statements of
// Hocuspocus' own SQLite extension (@hocuspocus/extension-sqlite is not installed: its `sqlite3`
// package downloads a native binary at install). Default debounce: a document is stored 2 s after
// its last change (10 s at most). No authentication hook. Plain JavaScript, run by plain node, so
// its memory is Hocuspocus' own. Usage: node hocuspocus-server.mjs DATABASE_FILE; prints
// "listening on PORT" once it accepts connections on 127.0.0.1.
import Database from 'better-sqlite3';
import { Server } from '@hocuspocus/server';
import { Database as DatabaseExtension } from '@hocuspocus/extension-database';

const file = process.argv[2];
if (!file) throw new Error('usage: node hocuspocus-server.mjs DATABASE_FILE');
const db = new Database(file);
db.exec('CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))');
const select = db.prepare('SELECT data FROM "documents" WHERE name = $name ORDER BY rowid DESC');
const upsert = db.prepare('INSERT INTO "documents" ("name", "data") VALUES ($name, $data) ON CONFLICT(name) DO UPDATE SET data = $data');

const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  extensions: [
    new DatabaseExtension({
      fetch: async ({ documentName }) => select.get({ name: documentName })?.data ?? null,
      store: async ({ documentName, state }) => {
        upsert.run({ name: documentName, data: state });
      },
    }),
  ],
});
await server.listen();
console.log(`listening on ${server.address.port}`);
