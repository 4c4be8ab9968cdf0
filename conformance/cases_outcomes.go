package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-apikey/apikey/core"
)

// validatorTimeout is the core.WithTimeout of the case whose validator
// waits for its deadline.
const validatorTimeout = 100 * time.Millisecond

// outcomeCases pins the response to each outcome: O1 to O7.
func outcomeCases() []Case {
	optionalHeader := schemes(headerScheme(core.Optional()))
	anonymousOnRejected := optionalHeader.with(core.WithAnonymousOnRejected())

	return []Case{
		// O1: a missing credential gives 401 with one challenge per
		// distinct scheme.
		single("O1", "header-missing",
			"no X-API-Key gives 401 with WWW-Authenticate: APIKey",
			headerOnly, call(""), missing("APIKey")),
		single("O1", "query-missing",
			"no api_key gives 401 with WWW-Authenticate: APIKey",
			queryOnly, call("?other=1"), missing("APIKey")),
		single("O1", "cookie-missing",
			"no session_id cookie gives 401 with WWW-Authenticate: APIKey",
			cookieOnly, call("", cookieLine("theme=dark")), missing("APIKey")),
		single("O1", "bearer-missing",
			"no Authorization gives 401 with WWW-Authenticate: Bearer",
			bearerOnly, call(""), missing("Bearer")),
		single("O1", "token-missing",
			"no Authorization gives 401 with WWW-Authenticate: Token",
			tokenOnly, call(""), missing("Token")),
		single("O1", "all-sources-one-challenge",
			"header, query and cookie schemes share one APIKey challenge",
			schemes(headerScheme(), queryScheme(), cookieScheme()), call(""), missing("APIKey")),
		single("O1", "header-and-bearer-challenges",
			"header then Bearer give the values APIKey and Bearer, in that order",
			schemes(headerScheme(), authorizationScheme("Bearer")), call(""),
			missing("APIKey", "Bearer")),
		single("O1", "bearer-and-header-challenges",
			"Bearer then header give the values Bearer and APIKey, in that order",
			schemes(authorizationScheme("Bearer"), headerScheme()), call(""),
			missing("Bearer", "APIKey")),
		single("O1", "bearer-and-token-challenges",
			"Bearer then Token give the values Bearer and Token, in that order",
			schemes(authorizationScheme("Bearer"), authorizationScheme("Token")), call(""),
			missing("Bearer", "Token")),

		// O2: a rejected key gives 403 with no challenge.
		single("O2", "header-wrong-key",
			"a wrong X-API-Key gives 403 without WWW-Authenticate",
			headerOnly, call("", keyHeader(keyWrong)), rejected()),
		single("O2", "query-wrong-key",
			"a wrong api_key gives 403 without WWW-Authenticate",
			queryOnly, call("?api_key="+keyWrong), rejected()),
		single("O2", "cookie-wrong-key",
			"a wrong session_id gives 403 without WWW-Authenticate",
			cookieOnly, call("", cookieLine("session_id="+keyWrong)), rejected()),
		single("O2", "bearer-wrong-key",
			"a wrong Bearer key gives 403 without WWW-Authenticate",
			bearerOnly, call("", authorization("Bearer "+keyWrong)), rejected()),

		// O4: a validator that fails or panics gives 500, or 503 when the
		// key store is unavailable, and its cause is logged without the key.
		logged(single("O4", "validator-error",
			"a validator error gives 500 and is logged without the key",
			headerOnly, call("", keyHeader(keyFail)), internalError()),
			"apikey: validator failed", failCause+" for [REDACTED]"),
		logged(single("O4", "validator-panic",
			"a validator panic gives 500 and is logged without the key",
			headerOnly, call("", keyHeader(keyPanic)), internalError()),
			"apikey: validator panicked", "validator exploded on [REDACTED]"),
		logged(single("O4", "unavailable",
			"a wrapped ErrUnavailable gives 503 with the default Retry-After",
			headerOnly, call("", keyHeader(keyUnavailable)), unavailable("5")),
			"apikey: validator failed", "dial key store for [REDACTED]"),
		single("O4", "unavailable-retry-after-hint",
			"an unavailable error with a RetryAfter method sets Retry-After",
			headerOnly, call("", keyHeader(keyHinted)), unavailable("30")),
		single("O4", "deadline-exceeded",
			"context.DeadlineExceeded from the validator gives 503",
			headerOnly, call("", keyHeader(keyDeadline)), unavailable("5")),
		single("O4", "validator-timeout",
			"a validator that outlives WithTimeout gives 503",
			headerOnly.with(core.WithTimeout(validatorTimeout)),
			call("", keyHeader(keySlow)), unavailable("5")),
		single("O4", "retry-after-rounded-up",
			"WithRetryAfter of 2.5s sends Retry-After: 3, rounded up to whole seconds",
			headerOnly.with(core.WithRetryAfter(2500*time.Millisecond)),
			call("", keyHeader(keyUnavailable)), unavailable("3")),
		single("O4", "query-validator-error",
			"a validator error for a query key gives 500",
			queryOnly, call("?api_key="+keyFail), internalError()),

		// O5: an optional scheme lets a request without a key through
		// with no principal.
		single("O5", "optional-header-missing",
			"an optional header scheme with no key runs the handler with no principal",
			optionalHeader, call(""), handled(nil)),
		single("O5", "optional-header-empty",
			"an optional header scheme with an empty key runs the handler with no principal",
			optionalHeader, call("", headerName+":"), handled(nil)),
		single("O5", "optional-query-missing",
			"an optional query scheme with no key runs the handler with no principal",
			schemes(queryScheme(core.Optional())), call(""), handled(nil)),
		single("O5", "optional-cookie-missing",
			"an optional cookie scheme with no key runs the handler with no principal",
			schemes(cookieScheme(core.Optional())), call(""), handled(nil)),
		single("O5", "optional-bearer-missing",
			"an optional Bearer scheme with no key runs the handler with no principal",
			schemes(authorizationScheme("Bearer", core.Optional())), call(""), handled(nil)),
		single("O5", "optional-good-key",
			"an optional header scheme with a good key gives the handler the principal",
			optionalHeader, call("", keyHeader(keyAlice)), handled(alice)),

		// O6: an optional scheme rejects a wrong key, unless configured
		// to continue as anonymous.
		single("O6", "optional-wrong-key",
			"an optional scheme with a wrong key gives 403",
			optionalHeader, call("", keyHeader(keyWrong)), rejected()),
		single("O6", "anonymous-on-rejected",
			"WithAnonymousOnRejected runs the handler with no principal for a wrong key",
			anonymousOnRejected, call("", keyHeader(keyWrong)), handled(nil)),
		single("O6", "anonymous-on-rejected-good-key",
			"WithAnonymousOnRejected still gives the handler the principal of a good key",
			anonymousOnRejected, call("", keyHeader(keyAlice)), handled(alice)),
		single("O6", "anonymous-on-rejected-required",
			"WithAnonymousOnRejected leaves a required scheme answering 403 beside an optional one",
			schemes(headerScheme(), queryScheme(core.Optional())).with(core.WithAnonymousOnRejected()),
			call("", keyHeader(keyWrong)), rejected()),
		single("O6", "anonymous-on-rejected-failure",
			"WithAnonymousOnRejected never lets a validator failure through",
			anonymousOnRejected, call("", keyHeader(keyFail)), internalError()),

		// O7: a valid key runs the handler with the principal in the
		// native accessor and in context.Context.
		single("O7", "header-good-key",
			"a good X-API-Key gives the handler the principal",
			headerOnly, call("", keyHeader(keyAlice)), handled(alice)),
		single("O7", "query-good-key",
			"a good api_key gives the handler the principal",
			queryOnly, call("?api_key="+keyBob), handled(bob)),
		single("O7", "cookie-good-key",
			"a good session_id gives the handler the principal",
			cookieOnly, call("", cookieLine("session_id="+keyAlice)), handled(alice)),
		single("O7", "bearer-good-key",
			"a good Bearer key gives the handler the principal",
			bearerOnly, call("", authorization("Bearer "+keyBob)), handled(bob)),
		concurrentCase(),
	}
}

// logged returns c with a check that the log contains every string in want,
// which shows that the cause was logged. The leak check after every case
// shows that the key was not.
func logged(c Case, want ...string) Case {
	check := c.check
	c.check = func(ctx context.Context, s *session) error {
		errs := []error{check(ctx, s)}
		logs := s.logs.String()
		for _, w := range want {
			if !strings.Contains(logs, w) {
				errs = append(errs, fmt.Errorf("log does not contain %q; log:\n%s", w, logs))
			}
		}
		return errors.Join(errs...)
	}
	return c
}
