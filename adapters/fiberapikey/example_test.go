package fiberapikey_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/go-apikey/apikey/adapters/fiberapikey"
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
	requireKey, err := fiberapikey.New(auth)
	if err != nil {
		log.Fatal(err)
	}

	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/users/me", requireKey, func(c *fiber.Ctx) error {
		user, _ := fiberapikey.Principal[User](c)
		return c.JSON(fiber.Map{"username": user.Name})
	})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		if err := app.Listener(ln); err != nil {
			log.Print(err)
		}
	}()
	defer app.Shutdown()

	url := "http://" + ln.Addr().String() + "/users/me"
	printResponse(url, "secret-token-123")
	printResponse(url, "")

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
	fields = append(fields, string(body))
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

	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	rec := &core.Recorder{}
	users, err := fiberapikey.NewRouter(app, auth, rec)
	if err != nil {
		log.Fatal(err)
	}
	err = users.Get("/users/:id", func(c *fiber.Ctx) error {
		user, _ := fiberapikey.Principal[User](c)
		return c.JSON(fiber.Map{"id": c.Params("id"), "username": user.Name})
	})
	if err != nil {
		log.Fatal(err)
	}

	openAPI, err := core.NewOpenAPI(core.WithInfo("Users", "1.0.0"))
	if err != nil {
		log.Fatal(err)
	}
	docs, err := core.NewDocs(openAPI.BuildFrom(rec))
	if err != nil {
		log.Fatal(err)
	}
	if err := fiberapikey.MountDocs(app, docs); err != nil {
		log.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		if err := app.Listener(ln); err != nil {
			log.Print(err)
		}
	}()
	defer app.Shutdown()

	printSecurity("http://" + ln.Addr().String() + "/openapi.json")

	// Output:
	// GET /users/{id} security [{"APIKeyHeader":[]}]
	// APIKeyHeader {"type":"apiKey","name":"X-API-Key","in":"header"}
}

// printSecurity fetches the OpenAPI document at url and prints the
// security list of each operation, then each security scheme, in sorted
// order.
func printSecurity(url string) {
	resp, err := http.Get(url)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()

	var doc struct {
		Paths map[string]map[string]struct {
			Security json.RawMessage `json:"security"`
		} `json:"paths"`
		Components struct {
			SecuritySchemes map[string]json.RawMessage `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		log.Fatal(err)
	}

	for _, path := range slices.Sorted(maps.Keys(doc.Paths)) {
		for _, method := range slices.Sorted(maps.Keys(doc.Paths[path])) {
			security := compact(doc.Paths[path][method].Security)
			fmt.Println(strings.ToUpper(method), path, "security", security)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(doc.Components.SecuritySchemes)) {
		fmt.Println(name, compact(doc.Components.SecuritySchemes[name]))
	}
}

// compact returns raw JSON without insignificant whitespace.
func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		log.Fatal(err)
	}
	return b.String()
}
