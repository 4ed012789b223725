"""Names the dead-code finder (vulture) cannot see used; scripts/test runs
`vulture scenegraph app.py serve.py views tools/vulture_whitelist.py --min-confidence 60`.

Each name is here for a reason written beside it; a name that is really dead is deleted, not listed.
Validators (pydantic's field_validator / model_validator) are skipped by --ignore-decorators instead.
"""
# ruff: noqa: B018, F821

# pydantic: the class's configuration, read by pydantic itself
model_config
# data-file fields (scenegraph/graph/schema.py, auth/users.py): read from the YAML/CSV data, validated, exported
# and shown by field name (model_dump, the node page's property table), never as an attribute
evidence
description_zh
description_en
aliases
unused_reason
data_zh
data_en
model_type
direction
year_inferred
digital_limit_zh
digital_limit_en
quote_zh
material_zh
material_en
strength
note_zh
note_en
effect_zh
baseline
plant
country
locator
created
# result fields read by callers and asserted by the tests (benchmark: who practises a scenario; roadmap's index)
practised_by
steps_by_id
# openpyxl: cell and sheet properties are set, the library reads them when it writes the workbook
_.font
_.alignment
_.data_type
_.freeze_panes
_.number_format
# itsdangerous: TimestampSigner calls get_timestamp (overridden to use the caller's clock)
_.get_timestamp
# the context-manager protocol's arguments
exc
# Streamlit's st.cache_data hashes store_name as the cache key (an underscore-named argument is not hashed)
store_name
# a public store operation used by bench/ and the tests: rebuild the observatory's aggregates
_.prepare
# pydantic fields of the plant profile, read through PlantProfile.input(name) by their names (assess/profile.py)
electricity_price_cny_kwh
power_source
emission_factor_t_mwh
carbon_price_cny_t
# OR-Tools CP-SAT solver parameters: set here, read by the solver
_.max_time_in_seconds
_.num_workers
_.random_seed
# Streamlit's BackMsg protobuf fields, set by the warm-up and read by the server (ui/warm.py)
_.page_name
_.query_string
# the ASGI app `streamlit run serve.py` finds by its name (Streamlit's app discovery looks for `app`)
app
