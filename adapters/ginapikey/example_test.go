package ginapikey_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/go-apikey/apikey/adapters/ginapikey"
	"github.com/go-apikey/apikey/core"
)

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
	requireKey, err := ginapikey.New(auth)
	if err != nil {
		log.Fatal(err)
	}

	router := gin.New()
	router.GET("/users/me", requireKey, func(c *gin.Context) {
		user, _ := ginapikey.Principal[User](c)
		c.JSON(http.StatusOK, gin.H{"username": user.Name})
	})

	srv := httptest.NewServer(router)
	defer srv.Close()

	printResponse(srv.URL+"/users/me", "secret-token-123")
	printResponse(srv.URL+"/users/me", "")

	// Output:
	// 200 {"username":"api_admin"}
	// 401 APIKey {"detail":"Not authenticated"}
}

// printResponse sends GET url with key in X-API-Key, unless key is empty,
// and prints the status, any WWW-Authenticate challenge and the body.
func printResponse(url, key string) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
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
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}

	fields := []string{fmt.Sprint(resp.StatusCode)}
	if challenge := resp.Header.Get("WWW-Authenticate"); challenge != "" {
		fields = append(fields, challenge)
	}
	fields = append(fields, strings.TrimSpace(string(body)))
	fmt.Println(strings.Join(fields, " "))
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
	engine := gin.New()
	router, err := ginapikey.NewRouter(engine, auth, &routes)
	if err != nil {
		log.Fatal(err)
	}
	err = router.GET("/users/:id", func(c *gin.Context) {
		user, _ := ginapikey.Principal[User](c)
		c.JSON(http.StatusOK, gin.H{"reader": user.Name, "id": c.Param("id")})
	})
	if err != nil {
		log.Fatal(err)
	}
	admin := router.Group("/admin")
	err = admin.DELETE("/users/:id", func(c *gin.Context) {
		c.Status(http.StatusNoContent)
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
	if err := ginapikey.MountDocs(engine, docs); err != nil {
		log.Fatal(err)
	}

	// httptest.NewServer listens on 127.0.0.1.
	srv := httptest.NewServer(engine)
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
