package core

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestFixedKeys(t *testing.T) {
	v, err := FixedKeys(map[string]user{"k1": {Name: "one"}, "k2": {Name: "two"}})
	if err != nil {
		t.Fatal(err)
	}
	long := string(make([]byte, 1000))

	tests := []struct {
		key  string
		want string
		err  error
	}{
		{"k1", "one", nil},
		{"k2", "two", nil},
		{"k3", "", ErrInvalidKey},
		{"K1", "", ErrInvalidKey},
		{"k1 ", "", ErrInvalidKey},
		{long, "", ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("len %d %.4q", len(tt.key), tt.key), func(t *testing.T) {
			got, err := v.Validate(context.Background(), tt.key, nil)
			if !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if got.Name != tt.want {
				t.Errorf("principal = %q, want %q", got.Name, tt.want)
			}
		})
	}
}

func TestFixedKeysLongKey(t *testing.T) {
	long := string(make([]byte, 4096)) + "x"
	v, err := FixedKeys(map[string]int{long: 7})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.Validate(context.Background(), long, nil); err != nil || got != 7 {
		t.Errorf("Validate = %d, %v, want 7", got, err)
	}
}

func TestFixedKeysRejectsBadInput(t *testing.T) {
	if _, err := FixedKeys(map[string]int{}); err == nil {
		t.Error("empty map accepted")
	}
	if _, err := FixedKeys(map[string]int{"": 1}); err == nil {
		t.Error("empty key accepted")
	}
}

func TestFixedKeysCopiesMap(t *testing.T) {
	keys := map[string]int{"a": 1}
	v, err := FixedKeys(keys)
	if err != nil {
		t.Fatal(err)
	}
	keys["b"] = 2
	delete(keys, "a")

	if _, err := v.Validate(context.Background(), "b", nil); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("key added after FixedKeys accepted: %v", err)
	}
	if got, err := v.Validate(context.Background(), "a", nil); err != nil || got != 1 {
		t.Errorf("key deleted after FixedKeys: %d, %v", got, err)
	}
}
