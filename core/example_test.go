package core_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/go-apikey/apikey/core"
)

type User struct{ Username string }

func Example() {
	header, err := core.Header("X-API-Key")
	if err != nil {
		panic(err)
	}
	keys, err := core.FixedKeys(map[string]User{"secret-token-123": {Username: "api_admin"}})
	if err != nil {
		panic(err)
	}
	auth, err := core.New([]*core.Scheme{header}, keys)
	if err != nil {
		panic(err)
	}

	for _, key := range []string{"secret-token-123", "", "wrong"} {
		r := httptest.NewRequest("GET", "/users/me", nil)
		if key != "" {
			r.Header.Set("X-API-Key", key)
		}

		res, err := auth.Authenticate(context.Background(), core.FromHTTP(r))
		if err != nil {
			resp := auth.Render(err)
			fmt.Println(resp.Status, resp.Header.Get("WWW-Authenticate"), string(resp.Body))
			continue
		}
		fmt.Println("hello", res.Principal.Username, "via", res.Scheme.SchemeName())
	}
	// Output:
	// hello api_admin via APIKeyHeader
	// 401 APIKey {"detail":"Not authenticated"}
	// 403  {"detail":"Could not validate credentials"}
}

func ExampleKeyOnly() {
	query, err := core.Query("api_key")
	if err != nil {
		panic(err)
	}
	auth, err := core.New([]*core.Scheme{query}, core.KeyOnly())
	if err != nil {
		panic(err)
	}

	r := httptest.NewRequest("GET", "/items/?api_key=a+b%2Bc", nil)
	res, err := auth.Authenticate(context.Background(), core.FromHTTP(r))
	fmt.Printf("%q %v\n", res.Principal, err)
	// Output:
	// "a b+c" <nil>
}
