// Starts a TypeScript entry the way the netattack bin shim does: tsx registered in-process, no --import flag.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
