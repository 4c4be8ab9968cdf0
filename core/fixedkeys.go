package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// FixedKeys returns a validator for a fixed set of keys, each mapped to its
// principal.
//
// The keys are stored only as SHA-256 digests under a random salt drawn when
// FixedKeys is called, and a presented key is looked up by its own salted
// digest. A lookup therefore costs one hash and one map access whatever the
// number of keys, and its timing depends on the presented key alone. An
// attacker cannot predict the salted digests, so timing reveals neither the
// length of a valid key nor which key matched. The keys map is copied, so
// later changes to it have no effect.
//
// FixedKeys returns an error for an empty map or an empty key.
func FixedKeys[P any](keys map[string]P) (Validator[P], error) {
	if len(keys) == 0 {
		return nil, errors.New("apikey: FixedKeys needs at least one key")
	}

	v := &fixedKeys[P]{digests: make(map[[sha256.Size]byte]P, len(keys))}
	if _, err := rand.Read(v.salt[:]); err != nil {
		return nil, fmt.Errorf("apikey: draw salt for FixedKeys: %w", err)
	}
	for key, p := range keys {
		if key == "" {
			return nil, errors.New("apikey: FixedKeys got an empty key, which no request can present")
		}
		v.digests[v.digest(key)] = p
	}
	return v, nil
}

type fixedKeys[P any] struct {
	salt    [32]byte
	digests map[[sha256.Size]byte]P
}

func (v *fixedKeys[P]) Validate(_ context.Context, key string, _ *Scheme) (P, error) {
	p, ok := v.digests[v.digest(key)]
	if !ok {
		var zero P
		return zero, ErrInvalidKey
	}
	return p, nil
}

// digest hashes salt and key together. Keys up to 224 bytes are hashed from
// a stack buffer, so the common case does not allocate.
func (v *fixedKeys[P]) digest(key string) [sha256.Size]byte {
	var buf [256]byte
	b := append(buf[:0], v.salt[:]...)
	b = append(b, key...)
	return sha256.Sum256(b)
}
