// Browser test of the Swagger UI docs page: Authorize with the X-API-Key
// scheme, run GET /users/me with "Try it out", and read the response on
// the page, first with the valid key (200) and then with a wrong one (403).
//
// Environment:
//   BASE_URL         server to test, such as http://127.0.0.1:8000 (required)
//   DOCS_PATHS       comma-separated docs pages to test (default /docs)
//   SCREENSHOT_DIR   directory for one screenshot per page after the 200
//                    call (default: no screenshots)
//   SCREENSHOT_PREFIX first part of each screenshot's name, which is
//                    <prefix>-<page>-users-me-200.png (default docs)
//   CHROMIUM_PATH    browser binary (default /usr/bin/chromium)
//   VALID_KEY        key that GET /users/me accepts (default secret-token-123)
//   EXPECTED_BODY    body of the 200 (default {"username":"api_admin"})
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const baseURL = process.env.BASE_URL;
const docsPaths = (process.env.DOCS_PATHS || "/docs").split(",").filter(Boolean);
const screenshotDir = process.env.SCREENSHOT_DIR || "";
const screenshotPrefix = process.env.SCREENSHOT_PREFIX || "docs";
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const validKey = process.env.VALID_KEY || "secret-token-123";
const expectedBody = JSON.parse(process.env.EXPECTED_BODY || '{"username":"api_admin"}');
const wrongKey = "wrong-key-for-the-browser-test";
const schemeName = "APIKeyHeader";

// Each wait is bounded, so a page that never shows what the test expects
// fails that step instead of hanging. The bounds are generous because a
// 2-core machine that also compiles and runs Go tests can take several
// seconds to start Chromium or render Swagger UI.
const stepTimeout = 30_000;
const navigationTimeout = 60_000;
const testTimeout = 180_000;

let profileDir;
let context;

before(async () => {
  assert.ok(baseURL, "BASE_URL must name the server to test, such as http://127.0.0.1:8000");
  profileDir = await mkdtemp(path.join(tmpdir(), "apikey-e2e-chromium-"));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 1000 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(stepTimeout);
  context.setDefaultNavigationTimeout(navigationTimeout);
});

after(async () => {
  await context?.close();
  if (profileDir) {
    await rm(profileDir, { recursive: true, force: true });
  }
});

// authorize opens the Authorize dialog, logs the header scheme out if it
// has a key already, enters key, applies it and closes the dialog.
async function authorize(page, key) {
  await page.locator("button.authorize").first().click();
  const dialog = page.locator(".modal-ux");
  await dialog.waitFor();

  const form = dialog.locator("form").filter({
    has: page.locator("h4 > code", { hasText: new RegExp(`^${schemeName}$`) }),
  });
  const logout = form.locator("button.modal-btn", { hasText: "Logout" });
  if (await logout.count()) {
    await logout.click();
  }
  await form.locator("input").fill(key);
  await form.locator("button.modal-btn.authorize").click();
  await form.locator("h6", { hasText: "Authorized" }).waitFor();
  await dialog.locator("button.btn-done").first().click();
  await dialog.waitFor({ state: "detached" });
}

// usersMe returns the GET /users/me operation block.
function usersMe(page) {
  return page.locator(".opblock-get").filter({
    has: page.locator(".opblock-summary-path", { hasText: /^\/users\/me$/ }),
  });
}

// execute runs the expanded operation and returns the status code and
// body that Swagger UI shows for the live response.
async function execute(operation) {
  const responses = operation.locator(".live-responses-table");
  const previous = await responses.count();
  if (previous) {
    await operation.locator("button.btn-clear").click();
    await responses.waitFor({ state: "detached" });
  }
  await operation.locator("button.execute").click();
  await responses.waitFor();

  const status = (await responses.locator("tbody .response-col_status").first().innerText()).trim();
  const body = await responses.locator(".response-col_description pre").first().innerText();
  return { status, body };
}

for (const docsPath of docsPaths) {
  test(`docs page ${docsPath}: Authorize and Try it out`, { timeout: testTimeout }, async () => {
    const page = await context.newPage();
    try {
      await page.goto(new URL(docsPath, baseURL).href);
      await page.locator("button.authorize").first().waitFor();
      // A page with the document shows its operations. A page in "load
      // after Authorize" mode shows none yet, but a status line that the
      // document needs a key. Waiting for either one avoids reading the
      // page before Swagger UI has rendered it.
      const status = page.locator("#docs-status", { hasText: /Authorize.*HTTP 401\b/ });
      await usersMe(page).or(status).first().waitFor();
      const loadsAfterAuthorize = (await usersMe(page).count()) === 0;

      await authorize(page, validKey);
      const operation = usersMe(page);
      await operation.locator(".opblock-summary-control").click();
      await operation.locator("button.try-out__btn").click();

      const ok = await execute(operation);
      assert.equal(ok.status, "200", `status after Execute with the valid key, body ${ok.body}`);
      assert.deepEqual(JSON.parse(ok.body), expectedBody);

      if (screenshotDir) {
        await mkdir(screenshotDir, { recursive: true });
        const name = `${screenshotPrefix}${docsPath.replaceAll("/", "-")}-users-me-200.png`;
        await page.screenshot({ path: path.join(screenshotDir, name), fullPage: true });
      }

      await authorize(page, wrongKey);
      if (loadsAfterAuthorize) {
        // The page cannot reload the document with the wrong key, so it
        // shows the status and keeps the document it has.
        await page.locator("#docs-status", { hasText: /HTTP 403\b/ }).waitFor();
      }
      const rejected = await execute(operation);
      assert.equal(rejected.status, "403", `status after Execute with a wrong key, body ${rejected.body}`);
      assert.deepEqual(JSON.parse(rejected.body), { detail: "Could not validate credentials" });
    } finally {
      await page.close();
    }
  });
}
