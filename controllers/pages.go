package controllers

import (
	"context"

	"sigs.k8s.io/controller-runtime/pkg/client"
)

// listPageSize bounds one uncached list request (the clean-up pass, the
// announcement index): memory for one page, whatever the object count.
const listPageSize = 500

// listPages lists into list a page of limit items at a time (listPageSize
// when zero) and calls page after each, until the API server has no more.
func listPages(ctx context.Context, reader client.Reader, list client.ObjectList, limit int64, page func() error, opts ...client.ListOption) error {
	if limit == 0 {
		limit = listPageSize
	}
	for cont := ""; ; {
		if err := reader.List(ctx, list, append(opts, client.Limit(limit), client.Continue(cont))...); err != nil {
			return err
		}
		if err := page(); err != nil {
			return err
		}
		if cont = list.GetContinue(); cont == "" {
			return nil
		}
	}
}
