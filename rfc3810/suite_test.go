package rfc3810_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc3810"
	"github.com/v6ct/v6ct/suites"
	_ "github.com/v6ct/v6ct/targets/builtin" // the targets V6CT_TARGET names
)

var _ = rfc3810.Folder

func TestRFC3810(t *testing.T) { suites.RunSuite(t, "RFC 3810: MLDv2 listener") }
