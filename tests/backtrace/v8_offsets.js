// Prints "funcindex 0xoffset" for each wasm frame of the trap V8 raises when
// calling export FN of FILE with integer ARGS; imports are not supported.
const fs = require('fs');
const [,, file, fn, ...args] = process.argv;
const inst = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)), {});
Error.stackTraceLimit = 50;
try {
  inst.exports[fn](...args.map(Number));
  console.log('no trap');
} catch (e) {
  for (const line of String(e.stack).split('\n')) {
    const m = /wasm-function\[(\d+)\]:(0x[0-9a-f]+)/.exec(line);
    if (m) console.log(`${m[1]} ${m[2]}`);
  }
}
