package fiberapikey_test

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
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
