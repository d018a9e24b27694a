// IndexedDB, promised. One database for everything the phone keeps:
//   dogs      the dog profiles                      (key: id)
//   logs      every session log, as saved           (key: id; index by dog and start time)
//   state     small records: the running session, the chosen dog  (key: name)
//   outbox    records waiting to reach the clinic: {id, dogId, kind, queuedAt, status, message}  (key: the
//             record's id; kind 'care' for a care event, none for a session log)
//   care      care events, as synced (app/schemas/care_event.py)  (key: id; index by dog and time)
const NAME = 'ivdd-pt';
const VERSION = 3; // 2: the outbox; 3: care. Upgrades only add stores: nothing already kept is touched.
let opening;

export function openDb() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('dogs')) db.createObjectStore('dogs', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('logs')) {
        db.createObjectStore('logs', { keyPath: 'id' }).createIndex('byDog', ['dog.id', 'started_at']);
      }
      if (!db.objectStoreNames.contains('state')) db.createObjectStore('state');
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('care')) {
        db.createObjectStore('care', { keyPath: 'id' }).createIndex('byDog', ['dog.id', 'at']);
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Run `work(store)` in a transaction; resolves with its result once the transaction commits, so
// a resolved put is really on disk. With several store names, `work` gets them all, in order,
// in one transaction: all of it is written, or none.
async function inStore(names, mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode);
    const stores = [].concat(names).map((name) => tx.objectStore(name));
    let result;
    Promise.resolve(work(...stores)).then((value) => { result = value; }, reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const get = (store, key) => inStore(store, 'readonly', (s) => done(s.get(key)));
export const getAll = (store) => inStore(store, 'readonly', (s) => done(s.getAll()));
export const put = (store, value, key) => inStore(store, 'readwrite', (s) => done(key === undefined ? s.put(value) : s.put(value, key)));
export const remove = (store, key) => inStore(store, 'readwrite', (s) => done(s.delete(key)));

// All records of one dog in a store indexed by dog and time ('logs', 'care'), oldest first.
export function recordsOfDog(store, dogId) {
  const range = IDBKeyRange.bound([dogId, ''], [dogId, '\uffff']);
  return inStore(store, 'readonly', (s) => done(s.index('byDog').getAll(range)));
}

export const logsOfDog = (dogId) => recordsOfDog('logs', dogId);

// A record ('logs', 'care') and its place in the outbox, written together: a saved record is
// always on its way.
export function putAndQueue(store, record, entry) {
  return inStore([store, 'outbox'], 'readwrite', (records, outbox) => Promise.all([done(records.put(record)), done(outbox.put(entry))]));
}
