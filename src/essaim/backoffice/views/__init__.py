"""The staff back-office (/gestion/): one module per area. Views validate a form, call one
service, and show a message; reads go through selectors scoped to the funds one manages."""
