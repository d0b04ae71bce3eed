/** Boot: read /config.json, then hand over to the app shell. */
import { render } from 'preact';
import { App } from './app.js';
import type { WebRuntimeConfig } from './runtime-config.js';

async function boot() {
  const root = document.getElementById('app');
  if (root === null) return;
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`config.json: ${response.status}`);
    const config = (await response.json()) as WebRuntimeConfig;
    render(<App config={config} />, root);
  } catch {
    root.textContent = 'Jisr could not start. · Jisr başlatılamadı. · تعذّر تشغيل جسر.';
  }
}

void boot();
