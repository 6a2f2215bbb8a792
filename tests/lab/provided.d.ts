// Type of what tests/lab/global-setup.ts provides: `inject('lab')` in a test returns LabInfo.
import type { LabInfo } from './lab.js';

declare module 'vitest' {
  export interface ProvidedContext {
    lab: LabInfo;
  }
}
