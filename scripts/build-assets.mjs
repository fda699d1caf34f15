// Copies the front-end dependencies from node_modules into
// src/opencsc/static_build/ (git-ignored), which settings.STATICFILES_DIRS
// serves at STATIC_URL (/static/) through WhiteNoise.
//
//   static_build/govuk/govuk-frontend.min.css   url(/assets/...) -> url(/static/assets/...)
//   static_build/govuk/govuk-frontend.min.js    ES module (load with type="module")
//   static_build/assets/{images,manifest.json}  GOV.UK Frontend assets
//   static_build/assets/fonts/                  only with OPENCSC_GDS_TRANSPORT=1
//   static_build/moj/moj-frontend.min.{css,js}  url(/assets/...) -> url(/static/moj/assets/...)
//   static_build/moj/assets/images/
//   static_build/axe/axe.min.js                 for the browser tests only
//
// Typeface: the GDS Transport font ships in govuk-frontend but is licensed
// "for exclusive use on gov.uk". OpenCSC is a local authority's service, not a
// GOV.UK one, so by default the copied CSS drops the @font-face rules and uses
// the fallback stack (arial, sans-serif), the same result as compiling the
// Sass with $govuk-font-family: arial, sans-serif. Set OPENCSC_GDS_TRANSPORT=1
// to keep the font (only for a service that is on GOV.UK).
//
// Usage: npm run build   (STATIC_URL other than /static/: OPENCSC_STATIC_URL=/x/ npm run build)

import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "src", "opencsc", "static_build");
const staticUrl = (process.env.OPENCSC_STATIC_URL || "/static/").replace(/\/?$/, "/");
const keepGdsTransport = ["1", "true", "yes", "on"].includes(
  (process.env.OPENCSC_GDS_TRANSPORT || "").toLowerCase(),
);

function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

const govukDist = path.join(packageDir("govuk-frontend"), "dist", "govuk");
const mojDist = path.join(packageDir("@ministryofjustice/frontend"), "moj");
const axeDir = packageDir("axe-core");

async function copy(from, to) {
  await mkdir(path.dirname(to), { recursive: true });
  await cp(from, to, { recursive: true });
}

function rewriteUrls(css, prefix) {
  // Only absolute /assets/... references; anything else is left alone.
  return css.replace(/url\((["']?)\/assets\//g, (_m, quote) => `url(${quote}${prefix}`);
}

function dropGdsTransport(css) {
  return css
    .replace(/\/\*![^*]*GDS[^*]*\*\/|\/\*![^*]*gov\.uk[^*]*\*\//g, "")
    .replace(/@font-face\{font-family:["']?GDS Transport["']?;[^}]*\}/g, "")
    .replace(/font-family:["']?GDS Transport["']?,/g, "font-family:");
}

function dropSourceMap(text) {
  // The rewritten file no longer matches its map, and a manifest storage
  // would otherwise insist the map exists.
  return text.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "");
}

async function copyCss(from, to, assetsPrefix) {
  let css = await readFile(from, "utf8");
  css = rewriteUrls(css, assetsPrefix);
  if (!keepGdsTransport) css = dropGdsTransport(css);
  css = dropSourceMap(css);
  if (/url\(["']?\/assets\//.test(css)) throw new Error(`${from}: url(/assets/...) left unrewritten`);
  if (!keepGdsTransport && /GDS Transport/.test(css)) throw new Error(`${from}: GDS Transport left in`);
  await mkdir(path.dirname(to), { recursive: true });
  await writeFile(to, css);
}

async function main() {
  await rm(out, { recursive: true, force: true });

  // GOV.UK Frontend
  await copyCss(
    path.join(govukDist, "govuk-frontend.min.css"),
    path.join(out, "govuk", "govuk-frontend.min.css"),
    `${staticUrl}assets/`,
  );
  for (const file of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
    await copy(path.join(govukDist, file), path.join(out, "govuk", file));
  }
  await copy(path.join(govukDist, "assets", "images"), path.join(out, "assets", "images"));
  await copy(path.join(govukDist, "assets", "manifest.json"), path.join(out, "assets", "manifest.json"));
  if (keepGdsTransport) {
    await copy(path.join(govukDist, "assets", "fonts"), path.join(out, "assets", "fonts"));
  }

  // MOJ Frontend (its own images, kept apart from GOV.UK's)
  await copyCss(
    path.join(mojDist, "moj-frontend.min.css"),
    path.join(out, "moj", "moj-frontend.min.css"),
    `${staticUrl}moj/assets/`,
  );
  for (const file of ["moj-frontend.min.js", "moj-frontend.min.js.map"]) {
    await copy(path.join(mojDist, file), path.join(out, "moj", file));
  }
  await copy(path.join(mojDist, "assets", "images"), path.join(out, "moj", "assets", "images"));

  // axe-core, for the accessibility checks in the browser tests
  await copy(path.join(axeDir, "axe.min.js"), path.join(out, "axe", "axe.min.js"));

  const versions = {
    "govuk-frontend": require("govuk-frontend/package.json").version,
    "@ministryofjustice/frontend": require("@ministryofjustice/frontend/package.json").version,
    "axe-core": require("axe-core/package.json").version,
    gdsTransport: keepGdsTransport,
  };
  await writeFile(path.join(out, "versions.json"), `${JSON.stringify(versions, null, 2)}\n`);
  console.log(`Built ${path.relative(root, out)}/ with`, versions);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
