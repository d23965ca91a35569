import { runServiceMain, SERVICES } from '@netattack/core/runtime';

await runServiceMain(SERVICES.producer);
