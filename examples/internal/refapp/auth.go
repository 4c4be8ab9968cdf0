package refapp

import "github.com/go-apikey/apikey/core"

// Authenticators are the reference application's four authenticators, one
// for each route. The examples build them here, so that every framework
// guards its routes with the same schemes and documents the same OpenAPI
// security.
type Authenticators struct {
	// Users guards GET /users/me with the X-API-Key header and accepts
	// only the keys that Keys returns.
	Users *core.Authenticator[User]
	// Items guards GET /items/ with the api_key query parameter and
	// accepts any key, because the route only extracts it.
	Items *core.Authenticator[string]
	// Data guards GET /data/ with the session_id cookie and accepts any
	// value.
	Data *core.Authenticator[string]
	// PublicData reads an optional X-API-Key header on GET /public-data:
	// a request without one is anonymous, and any key is accepted.
	PublicData *core.Authenticator[string]
}

// NewAuthenticators builds the four authenticators. Their schemes get the
// default OpenAPI scheme names: APIKeyHeader for both X-API-Key schemes,
// APIKeyQuery and APIKeyCookie.
func NewAuthenticators() (Authenticators, error) {
	var a Authenticators

	apiKeyHeader, err := core.Header("X-API-Key")
	if err != nil {
		return a, err
	}
	apiKeyQuery, err := core.Query("api_key")
	if err != nil {
		return a, err
	}
	apiKeyCookie, err := core.Cookie("session_id")
	if err != nil {
		return a, err
	}
	optionalAPIKeyHeader, err := core.Header("X-API-Key", core.Optional())
	if err != nil {
		return a, err
	}
	users, err := core.FixedKeys(Keys())
	if err != nil {
		return a, err
	}

	if a.Users, err = core.New([]*core.Scheme{apiKeyHeader}, users); err != nil {
		return a, err
	}
	if a.Items, err = core.New([]*core.Scheme{apiKeyQuery}, core.KeyOnly()); err != nil {
		return a, err
	}
	if a.Data, err = core.New([]*core.Scheme{apiKeyCookie}, core.KeyOnly()); err != nil {
		return a, err
	}
	if a.PublicData, err = core.New([]*core.Scheme{optionalAPIKeyHeader}, core.KeyOnly()); err != nil {
		return a, err
	}
	return a, nil
}
