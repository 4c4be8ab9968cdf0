module github.com/go-apikey/apikey/adapters/httpapikey

go 1.26.0

require github.com/go-apikey/apikey v0.0.0

replace github.com/go-apikey/apikey => ../..
