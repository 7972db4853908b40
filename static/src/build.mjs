// Rebuilds Co-Panel's committed front-end assets. Run with `npm run build`
// from static/src after `npm ci`. Outputs (all committed, so CI and
// production need no Node):
//   static/css/copanel.min.css
//   static/vendor/govuk-frontend/govuk-frontend.min.js
//   static/vendor/socket.io/socket.io.min.js (+ LICENSE)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const src = dirname(fileURLToPath(import.meta.url));
const staticDir = join(src, "..");
const pkgDir = (name) => join(src, "node_modules", name);
const show = (p) => relative(join(staticDir, ".."), p);

// GOV.UK Frontend assets we ship. Deliberately empty: the fonts are GDS
// Transport (GOV.UK only), the images are the crown, crest and GOV.UK icons,
// and the only stylesheet rule using an image (the footer crest) is not
// compiled. Our own icons live in static/images/.
const GOVUK_ASSETS = [];

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

// Copy a minified script, dropping the trailing sourceMappingURL comment (we
// do not ship the .map files, so it would only cause 404s in dev tools).
function copyScript(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const text = readFileSync(from, "utf8").replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
  writeFileSync(to, text);
  console.log(`wrote ${show(to)} (${Buffer.byteLength(text)} bytes)`);
}

// 1. Stylesheet
const cssOut = join(staticDir, "css", "copanel.min.css");
rmSync(cssOut, { force: true });
mkdirSync(dirname(cssOut), { recursive: true });
execFileSync(
  process.execPath,
  [
    join(pkgDir("sass"), "sass.js"),
    "--pkg-importer=node",
    "--style=compressed",
    "--no-source-map",
    join(src, "copanel.scss"),
    cssOut,
  ],
  { stdio: "inherit", cwd: src },
);
const css = readFileSync(cssOut, "utf8");
if (/GDS Transport/i.test(css)) fail("compiled CSS mentions GDS Transport");
if (/url\(/.test(css)) fail("compiled CSS references an asset with url(); ship it or remove the rule");
console.log(`wrote ${show(cssOut)} (${Buffer.byteLength(css)} bytes)`);

// 2. GOV.UK Frontend JavaScript (an ES module: load with <script type="module">)
const govuk = join(pkgDir("govuk-frontend"), "dist", "govuk");
const vendor = join(staticDir, "vendor");
rmSync(join(vendor, "govuk-frontend"), { recursive: true, force: true });
copyScript(join(govuk, "govuk-frontend.min.js"), join(vendor, "govuk-frontend", "govuk-frontend.min.js"));
for (const asset of GOVUK_ASSETS) {
  const to = join(vendor, "govuk-frontend", "assets", asset);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(govuk, "assets", asset), to);
  console.log(`wrote ${show(to)}`);
}

// 3. Socket.IO client (UMD build, keeps its /*! MIT banner */)
const sio = pkgDir("socket.io-client");
rmSync(join(vendor, "socket.io"), { recursive: true, force: true });
const sioOut = join(vendor, "socket.io", "socket.io.min.js");
copyScript(join(sio, "dist", "socket.io.min.js"), sioOut);
if (!readFileSync(sioOut, "utf8").startsWith("/*!\n * Socket.IO v")) fail("Socket.IO banner missing");
copyFileSync(join(sio, "LICENSE"), join(vendor, "socket.io", "LICENSE"));
