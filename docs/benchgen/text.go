package main

// causesText explains the figures of the causes table from the code of the
// middlewares. It describes what each one does per request, which stays
// true until that code changes, while the figures come from the run.
const causesText = `What the figures come from, read from the code and from CPU and memory
profiles of the header-valid benchmarks (` + "`go test -bench 'Auth/impl=apikey/case=header-valid' -cpuprofile cpu.out -memprofile mem.out`" + `
in an adapter's folder):

- **FixedKeys hashes the key.** It looks a key up by its salted SHA-256
  digest, so that a lookup costs the same for 1 or 1,000 keys and its
  timing reveals nothing about the stored keys. One SHA-256 of the salt and
  key is most of the FixedKeys column; the floor and the frameworks'
  key-auth compare with a single stored key instead, which does not
  scale to many keys.
- **The principal is also put in the request's context.** Gin and Echo
  copy the ` + "`*http.Request`" + ` with ` + "`WithContext`" + ` (304 bytes, allocated as 320) so
  that ` + "`core.PrincipalFrom`" + ` works on the request's context, which the floor
  does not do. ` + "`core.NewContext`" + ` allocates one node that carries the result,
  and the adapters store that same node with ` + "`c.Set`" + ` or ` + "`c.Locals`" + `, so the
  result is not boxed again. On Fiber the two allocations are that node
  and the copy of the key, which the adapter makes because fasthttp reuses
  its buffers. On net/http the request's context is the usual store, and
  the floor copies the request too.
- **Fiber reads the raw header block.** The Fiber adapter parses the
  header lines as the client sent them, so that duplicate lines, cookies
  and spacing reach the core as net/http would report them; fasthttp's
  parsed headers, which keyauth and the floor read, differ from net/http
  in ways that change the outcome. That parse is most of Fiber's "rest
  over floor" column.
- **Rejections write a full response.** A rejected request gets the
  rendered JSON body and a ` + "`WWW-Authenticate`" + ` header, where the floor
  sends a status alone. ` + "`core.New`" + ` renders each rejection once; per request
  the adapter copies the rendered headers into the response.

`

// closingText lists what the run does to make the figures comparable.
const closingText = `- Every test binary is built once and the binaries run in turn, round
  after round, so that a slow spell on the machine touches every
  implementation alike, and benchstat reports how far the rounds disagree.
- impl=apikey-compare is in the run to separate the validator's cost from
  the adapter's, which the table under "Where this library's time goes"
  uses.
- Fiber's request is parsed again before every call, because fasthttp
  caches parsed query arguments and cookies in the request, and a request
  parsed once would make every later read of them nearly free.
- The load run sends the same request, with the key, to both routes, so
  that the two differ only by the middleware.

`

// implementationsText describes what each benchmark does, from the code
// in each adapter's bench_test.go.
const implementationsText = `## What each implementation does

Every route is GET /items, whose handler writes 200 with the body "ok".
Each middleware is configured for the one source that the case uses.

| impl | What it does |
|---|---|
| bare | The handler alone, with no authentication. |
| apikey | This library: ` + "`core.New`" + ` with one scheme (` + "`Header(\"X-API-Key\")`, `Query(\"api_key\")` or `Cookie(\"session_id\")`" + `) and ` + "`core.FixedKeys`" + ` with one key, behind the framework's adapter. A rejection gets 401 (missing) or 403 (wrong) with a JSON body and ` + "`WWW-Authenticate`" + `. |
| apikey-compare | The same, with a validator that makes one ` + "`subtle.ConstantTimeCompare`" + `. |
| echo-keyauth | Echo's ` + "`middleware.KeyAuthWithConfig`" + ` with KeyLookup ` + "`header:X-API-Key`, `query:api_key` or `cookie:session_id`" + ` and a validator that compares in constant time and stores the principal with ` + "`c.Set`" + `. Echo's default HTTPErrorHandler answers 400 (missing) or 401 (wrong) with a JSON body. |
| fiber-keyauth | Fiber's ` + "`middleware/keyauth`" + ` with the same KeyLookup and validator, storing with ` + "`c.Locals`" + `. Its default ErrorHandler responds with 401 and a text body. |
| floor | Ten hand-written lines: read the value with the framework's usual call, compare in constant time, store the principal the framework's usual way (net/http: ` + "`context.WithValue`" + ` and ` + "`r.WithContext`" + `; Gin and Echo: ` + "`c.Set`" + `; Fiber: ` + "`c.Locals`" + `). A rejection gets 401 or 403 with no body. |

| case | Request |
|---|---|
| header-valid | ` + "`X-API-Key: <valid key>`" + ` |
| query-valid | ` + "`/items?page=2&api_key=<valid key>`" + ` |
| cookie-valid | ` + "`Cookie: theme=dark; session_id=<valid key>`" + ` |
| missing | No key; the middlewares read the header. |
| wrong | A wrong key of the same length in ` + "`X-API-Key`" + `. |

Gin, Echo and net/http benchmarks call ` + "`ServeHTTP`" + ` with one reused
` + "`*http.Request`" + ` and a ResponseWriter that discards the body and reuses its
header map. Fiber benchmarks call ` + "`app.Handler()`" + ` with one reused
` + "`fasthttp.RequestCtx`" + `, into which the raw request is parsed again before
each call, as fasthttp's server does for each request; the parsing is part
of every Fiber figure, bare included. Each iteration checks the response
status, and each route is checked once before the loop for the stored
principal, so a misconfigured benchmark fails instead of measuring the
wrong path.

`
