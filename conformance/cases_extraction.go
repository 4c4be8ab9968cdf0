package conformance

// Header lines that the cases send.
func keyHeader(v string) string     { return headerName + ": " + v }
func authorization(v string) string { return "Authorization: " + v }
func cookieLine(v string) string    { return "Cookie: " + v }

// Setups with one scheme each.
var (
	headerOnly = schemes(headerScheme())
	queryOnly  = schemes(queryScheme())
	cookieOnly = schemes(cookieScheme())
	bearerOnly = schemes(authorizationScheme("Bearer"))
	tokenOnly  = schemes(authorizationScheme("Token"))
)

// Details of the 400 responses, as the core writes them.
const (
	detailQueryEscape = "Malformed API key: query parameter api_key has an invalid percent-escape"
	detailCookieValue = "Malformed API key: cookie session_id has an invalid value"
	detailHeaderTwice = "Ambiguous API key: header X-API-Key has several different values"
	detailQueryTwice  = "Ambiguous API key: query parameter api_key has several different values"
	detailCookieTwice = "Ambiguous API key: cookie session_id appears several times with different values"
	detailBearerTwice = "Ambiguous API key: header Authorization with prefix Bearer has several different values"
)

// extractionCases pins how each source finds the key: E1 to E6 and E8.
func extractionCases() []Case {
	return []Case{
		// E1: header names match case-insensitively.
		single("E1", "lowercase-header-name",
			"x-api-key finds the X-API-Key scheme",
			headerOnly, call("", "x-api-key: "+keyAlice), handled(alice)),
		single("E1", "uppercase-header-name",
			"X-API-KEY finds the X-API-Key scheme",
			headerOnly, call("", "X-API-KEY: "+keyAlice), handled(alice)),
		single("E1", "scheme-declared-lowercase",
			"a scheme declared as x-api-key finds X-API-Key",
			schemes(namedHeaderScheme("x-api-key")), call("", keyHeader(keyAlice)), handled(alice)),
		single("E1", "lowercase-authorization",
			"authorization finds the Bearer scheme",
			bearerOnly, call("", "authorization: Bearer k"), handled(kay)),

		// E2: query parameter and cookie names match case-sensitively.
		single("E2", "query-name-case-differs",
			"?API_KEY= is not the api_key parameter, so the key is missing",
			queryOnly, call("?API_KEY="+keyAlice), missing("APIKey")),
		single("E2", "cookie-name-case-differs",
			"the Session_ID cookie is not session_id, so the key is missing",
			cookieOnly, call("", cookieLine("Session_ID="+keyAlice)), missing("APIKey")),

		// E3: a present but empty value counts as missing.
		single("E3", "header-empty",
			"an empty X-API-Key line is missing",
			headerOnly, call("", headerName+":"), missing("APIKey")),
		single("E3", "header-whitespace-only",
			"an X-API-Key line of spaces is missing",
			headerOnly, call("", headerName+":    "), missing("APIKey")),
		single("E3", "query-empty",
			"?api_key= is missing",
			queryOnly, call("?api_key="), missing("APIKey")),
		single("E3", "query-without-value",
			"?api_key with no '=' is missing",
			queryOnly, call("?api_key"), missing("APIKey")),
		single("E3", "cookie-empty",
			"session_id= is missing",
			cookieOnly, call("", cookieLine("session_id=")), missing("APIKey")),
		single("E3", "cookie-empty-quoted",
			`session_id="" is missing`,
			cookieOnly, call("", cookieLine(`session_id=""`)), missing("APIKey")),

		// E4: any other value reaches the validator unchanged.
		single("E4", "header-inner-space",
			"X-API-Key: a b gives the validator a b",
			headerOnly, call("", keyHeader("a b")), handled(innerSpace)),
		single("E4", "header-outer-space-stripped",
			"the HTTP parser strips the spaces around a header value",
			headerOnly, call("", headerName+":   "+keyAlice+"   "), handled(alice)),
		single("E4", "header-prefix-kept",
			"a header scheme without a prefix keeps Bearer as part of the key",
			headerOnly, call("", keyHeader("Bearer "+keyAlice)), rejected()),
		single("E4", "query-percent-20-is-space",
			"?api_key=%20 gives the validator one space",
			queryOnly, call("?api_key=%20"), handled(space)),
		single("E4", "query-leading-space-kept",
			"a leading %20 is part of the key, so the key is wrong",
			queryOnly, call("?api_key=%20"+keyAlice), rejected()),

		// E5: query values are URL-decoded the standard way.
		single("E5", "query-plus-is-space",
			"?api_key=a+b gives the validator a b",
			queryOnly, call("?api_key=a+b"), handled(innerSpace)),
		single("E5", "query-percent-2b-is-plus",
			"?api_key=a%2Bb gives the validator a+b",
			queryOnly, call("?api_key=a%2Bb"), handled(plusSign)),
		single("E5", "query-encoded-name",
			"?api%5Fkey= is the api_key parameter",
			queryOnly, call("?api%5Fkey="+keyAlice), handled(alice)),
		single("E5", "query-malformed-escape",
			"?api_key=%zz gives 400 naming the parameter",
			queryOnly, call("?api_key=%zz"), badRequest(detailQueryEscape)),
		single("E5", "query-truncated-escape",
			"a key ending in a lone % gives 400 naming the parameter",
			queryOnly, call("?api_key=abc%"), badRequest(detailQueryEscape)),
		single("E5", "query-malformed-other-value",
			"a malformed escape in another parameter's value is ignored",
			queryOnly, call("?other=%zz&api_key="+keyAlice), handled(alice)),
		single("E5", "query-malformed-other-name",
			"a malformed escape in another parameter's name is ignored",
			queryOnly, call("?%zz=1&api_key="+keyAlice), handled(alice)),

		// E6: cookies come from every Cookie line and are unquoted.
		single("E6", "cookie-among-others",
			"session_id is found between other cookies",
			cookieOnly, call("", cookieLine("theme=dark; session_id="+keyAlice+"; lang=en")),
			handled(alice)),
		single("E6", "cookie-two-lines",
			"session_id is found on the second of two Cookie lines",
			cookieOnly, call("", cookieLine("theme=dark"), cookieLine("session_id="+keyAlice)),
			handled(alice)),
		single("E6", "cookie-quoted",
			`session_id="abc" gives the validator abc`,
			cookieOnly, call("", cookieLine(`session_id="abc"`)), handled(unquoted)),
		single("E6", "cookie-space-around-name",
			"spaces around the name session_id are trimmed, as net/http trims them",
			cookieOnly, call("", cookieLine("theme=dark;  session_id ="+keyAlice)), handled(alice)),
		single("E6", "cookie-invalid-value",
			"a session_id value that net/http would drop gives 400 naming the cookie",
			cookieOnly, call("", cookieLine(`session_id=a\b`)), badRequest(detailCookieValue)),

		// E8: an Authorization prefix matches case-insensitively and is
		// followed by one or more spaces.
		single("E8", "bearer-canonical",
			"Bearer k gives the validator k",
			bearerOnly, call("", authorization("Bearer k")), handled(kay)),
		single("E8", "bearer-lowercase",
			"bearer k gives the validator k",
			bearerOnly, call("", authorization("bearer k")), handled(kay)),
		single("E8", "bearer-uppercase",
			"BEARER k gives the validator k",
			bearerOnly, call("", authorization("BEARER k")), handled(kay)),
		single("E8", "bearer-two-spaces",
			"Bearer followed by two spaces and k gives the validator k",
			bearerOnly, call("", authorization("Bearer  k")), handled(kay)),
		single("E8", "bearer-key-with-space",
			"the key after the prefix need not be token68",
			bearerOnly, call("", authorization("Bearer a b")), handled(innerSpace)),
		single("E8", "bearer-without-space",
			"BearerXk is missing and challenges with Bearer",
			bearerOnly, call("", authorization("BearerXk")), missing("Bearer")),
		single("E8", "bearer-tab-separator",
			"a tab after Bearer is not a space, so the key is missing",
			bearerOnly, call("", authorization("Bearer\tk")), missing("Bearer")),
		single("E8", "other-prefix",
			"Basic k is missing for the Bearer scheme",
			bearerOnly, call("", authorization("Basic k")), missing("Bearer")),
		single("E8", "bearer-empty-rest",
			"Bearer with nothing after it is missing",
			bearerOnly, call("", authorization("Bearer ")), missing("Bearer")),
		single("E8", "token-prefix",
			"the Token scheme reads Token k as k",
			tokenOnly, call("", authorization("Token k")), handled(kay)),
		single("E8", "token-scheme-ignores-bearer",
			"Bearer k is missing for the Token scheme",
			tokenOnly, call("", authorization("Bearer k")), missing("Token")),
	}
}
