package httpapikey_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

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

func ExampleNewRouter() {
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

	var routes core.Recorder
	mux := http.NewServeMux()
	router, err := httpapikey.NewRouter(mux, auth, &routes)
	if err != nil {
		log.Fatal(err)
	}
	err = router.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		user, _ := httpapikey.Principal[User](r)
		fmt.Fprintf(w, "%s read user %s\n", user.Name, r.PathValue("id"))
	})
	if err != nil {
		log.Fatal(err)
	}
	admin := router.Group("/admin")
	err = admin.HandleFunc("DELETE /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	if err != nil {
		log.Fatal(err)
	}

	openAPI, err := core.NewOpenAPI(core.WithInfo("Users", "1.0.0"))
	if err != nil {
		log.Fatal(err)
	}
	docs, err := core.NewDocs(openAPI.BuildFrom(&routes))
	if err != nil {
		log.Fatal(err)
	}
	if err := httpapikey.MountDocs(mux, docs, nil); err != nil {
		log.Fatal(err)
	}

	// httptest.NewServer listens on 127.0.0.1.
	srv := httptest.NewServer(mux)
	defer srv.Close()

	printDocument(srv.URL + "/openapi.json")

	// Output:
	// GET /users/{id} security [{"APIKeyHeader":[]}]
	// DELETE /admin/users/{id} security [{"APIKeyHeader":[]}]
	// APIKeyHeader {"type":"apiKey","name":"X-API-Key","in":"header"}
}

// printDocument fetches the OpenAPI document at url and prints the
// security of two operations and the header scheme.
func printDocument(url string) {
	resp, err := http.Get(url)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()

	type operation struct {
		Security []map[string][]string `json:"security"`
	}
	var doc struct {
		Paths      map[string]map[string]operation `json:"paths"`
		Components struct {
			SecuritySchemes map[string]core.SecurityScheme `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		log.Fatal(err)
	}

	for _, op := range []struct{ method, path string }{{"GET", "/users/{id}"}, {"DELETE", "/admin/users/{id}"}} {
		security, err := json.Marshal(doc.Paths[op.path][strings.ToLower(op.method)].Security)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(op.method, op.path, "security", string(security))
	}
	scheme, err := json.Marshal(doc.Components.SecuritySchemes["APIKeyHeader"])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("APIKeyHeader", string(scheme))
}
