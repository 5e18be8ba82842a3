// Starts Consentry from the ES module, then loads analytics the usual way:
// the runtime holds the tag until the visitor grants `performance`.
import { start } from 'consentry';
// The engine as its own asset, fingerprinted and served by Vite.
import wasmUrl from 'consentry/wasm?url';

const consentry = await start(wasmUrl);

const analytics = document.getElementById('analytics');
const show = () => { analytics.value = consentry.allows('performance') ? 'running' : 'held'; };
consentry.on('change', show);
show();

// Inserted after start(): held (type="text/plain") until granted, then run.
const ga = document.createElement('script');
ga.src = 'https://www.google-analytics.com/analytics.js';
ga.async = true;
document.head.appendChild(ga);

document.getElementById('accept').addEventListener('click', () => consentry.acceptAll());
document.getElementById('withdraw').addEventListener('click', () => consentry.withdraw());
