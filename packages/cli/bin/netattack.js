#!/usr/bin/env node
// The command ships as TypeScript run by tsx, so there is no build step between a clone and `npx netattack`.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
