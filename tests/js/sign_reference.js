// Reference signer: Node.js's own URLSearchParams and crypto, one JSON request per input line:
// {"params": {...}, "secret": "..."} -> {"canonical": "...", "signature": "..."}
const crypto = require("crypto");
const readline = require("readline");

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const { params, secret } = JSON.parse(line);
  const canonical = new URLSearchParams(params).toString();
  const signature = crypto.createHmac("sha256", secret).update(canonical).digest("hex");
  process.stdout.write(JSON.stringify({ canonical, signature }) + "\n");
});
