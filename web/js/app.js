// The app's entry point: views, the service worker, installation, storage and the outbox.
import { startRouter } from './router.js';
import { routes, notFound } from './views/index.js';
import { setupServiceWorker } from './pwa.js';
import { setupInstall } from './install.js';
import { askPersistentStorageOnce } from './storage.js';
import { startSync } from './sync.js';

setupInstall();
startRouter(document.getElementById('main'), routes, notFound);
setupServiceWorker().catch((error) => console.warn('service worker:', error));
askPersistentStorageOnce().catch(() => {});
startSync().catch((error) => console.warn('sync:', error));
