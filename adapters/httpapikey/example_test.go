package httpapikey_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/go-apikey/apikey/adapters/httpapikey"
	"github.com/go-apikey/apikey/core"
)

// User is the principal that the example's validator returns.
type User struct {
	Name string
}

func Example() {
	scheme, err := core.Header("X-API-Key")
	if err != nil {
		log.Fatal(err)
	}
	keys, err := core.FixedKeys(map[string]User{"secret-token-123": {Name: "api_admin"}})
	if err != nil {
		log.Fatal(err)
	}
	auth, err := core.New([]*core.Scheme{scheme}, keys)
	if err != nil {
		log.Fatal(err)
	}
	requireKey, err := httpapikey.New(auth)
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle("GET /users/me", requireKey(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _ := httpapikey.Principal[User](r)
		body, err := json.Marshal(map[string]string{"username": user.Name})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})))

	// httptest.NewServer listens on 127.0.0.1.
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, key := range []string{"secret-token-123", "", "wrong-key"} {
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/users/me", nil)
		if err != nil {
			log.Fatal(err)
		}
		if key != "" {
			req.Header.Set("X-API-Key", key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d %q %s\n", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
	}

	// Output:
	// 200 "" {"username":"api_admin"}
	// 401 "APIKey" {"detail":"Not authenticated"}
	// 403 "" {"detail":"Could not validate credentials"}
}
