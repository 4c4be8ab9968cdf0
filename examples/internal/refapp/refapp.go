// Package refapp contains what the four example servers share: the
// principal type, the demo key table, the authenticators, the OpenAPI docs
// and the JSON bodies of the reference application. Building them here
// makes the Gin, Echo, Fiber and net/http servers send byte-identical
// responses and documents.
package refapp

import "encoding/json"

// ContentType is the media type of every response body built here.
const ContentType = "application/json"

// StartMessage is the message of the one log line that each example writes
// when its listener is open, so that a client can connect from then on.
const StartMessage = "server started"

// User is the principal of GET /users/me.
type User struct {
	Username string `json:"username"`
}

// Keys returns the key table of GET /users/me: one demo key mapped to its
// user. A real service would load its keys from a secret store instead of
// the source code.
func Keys() map[string]User {
	return map[string]User{
		"secret-token-123": {Username: "api_admin"},
	}
}

// UserBody returns the body of GET /users/me: the authenticated user.
func UserBody(u User) []byte {
	return marshal(u)
}

// ItemsBody returns the body of GET /items/: the key from the api_key query
// parameter, echoed back because the reference application only extracts it.
func ItemsBody(key string) []byte {
	return marshal(struct {
		ExtractedKey string `json:"extracted_key"`
	}{key})
}

// DataBody returns the body of GET /data/: the value of the session_id
// cookie.
func DataBody(sessionToken string) []byte {
	return marshal(struct {
		SessionToken string `json:"session_token"`
	}{sessionToken})
}

// PublicDataBody returns the body of GET /public-data: a greeting for an
// anonymous caller when hasKey is false, and one that names key otherwise.
func PublicDataBody(key string, hasKey bool) []byte {
	message := "Hello, anonymous user"
	if hasKey {
		message = "Hello, user with key " + key
	}
	return marshal(struct {
		Message string `json:"message"`
	}{message})
}

// marshal encodes v, a struct of string fields, without a trailing newline.
func marshal(v any) []byte {
	body, err := json.Marshal(v)
	if err != nil {
		// Structs of strings always encode: json.Marshal replaces invalid
		// UTF-8 instead of failing.
		panic("refapp: encode response body: " + err.Error())
	}
	return body
}
