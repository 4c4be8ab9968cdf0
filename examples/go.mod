module github.com/go-apikey/apikey/examples

go 1.26.0

require (
	github.com/go-apikey/apikey v0.0.0
	github.com/go-apikey/apikey/adapters/echoapikey v0.0.0
	github.com/go-apikey/apikey/adapters/fiberapikey v0.0.0
	github.com/go-apikey/apikey/adapters/ginapikey v0.0.0
	github.com/go-apikey/apikey/adapters/httpapikey v0.0.0
)

replace (
	github.com/go-apikey/apikey => ../
	github.com/go-apikey/apikey/adapters/echoapikey => ../adapters/echoapikey
	github.com/go-apikey/apikey/adapters/fiberapikey => ../adapters/fiberapikey
	github.com/go-apikey/apikey/adapters/ginapikey => ../adapters/ginapikey
	github.com/go-apikey/apikey/adapters/httpapikey => ../adapters/httpapikey
)
