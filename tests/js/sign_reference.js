// Reference signer: Node.js's own URLSearchParams and crypto, one JSON request per input line:
// {"params": {...}, "secret": "..."} -> {"canonical": "...", "signature": "..."}
// {"query": "a=1&b=%20"} -> {"entries": [["a", "1"], ["b", " "]]}: how URLSearchParams reads a query
const crypto = require("crypto");
const readline = require("readline");

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const { params, secret, query } = JSON.parse(line);
  if (query !== undefined) {
    process.stdout.write(JSON.stringify({ entries: [...new URLSearchParams(query)] }) + "\n");
    return;
  }
  const canonical = new URLSearchParams(params).toString();
  const signature = crypto.createHmac("sha256", secret).update(canonical).digest("hex");
  process.stdout.write(JSON.stringify({ canonical, signature }) + "\n");
});
