package ginapikey_test

import (
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
