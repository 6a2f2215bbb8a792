/**
 * Import this FIRST in every browser-side entry (renderer, preload), before any schema is created.
 * Zod 4 probes `new Function('')` when it builds an object schema, to decide whether to compile fast
 * parsers; under our Content-Security-Policy (no 'unsafe-eval') that probe is reported as a CSP violation
 * on every page load. Plain (jitless) parsing is fast enough for the contract's payloads.
 */
import { z } from 'zod';

z.config({ jitless: true });
