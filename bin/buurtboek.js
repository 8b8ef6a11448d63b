#!/usr/bin/env node
// Entry point of the `buurtboek` command: runs the TypeScript CLI through tsx, so no compile step is needed.
import {register} from "tsx/esm/api";
register();
await import("../loaders/cli.ts");
