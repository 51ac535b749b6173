package rfc3810_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc3810"
	"github.com/v6ct/v6ct/suites"
)

var _ = rfc3810.Folder

func TestRFC3810(t *testing.T) { suites.RunSuite(t, "RFC 3810: MLDv2 listener") }
