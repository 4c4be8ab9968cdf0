module github.com/go-apikey/apikey

go 1.26.0
