"""18.0.2.1.0: the salespeople's customer rule reads the customers' stored pool access
key (res_partner.logistics_access_key, created and filled in one statement by
res.partner._auto_init) instead of searching the accounts: the accounts' index built for
that search goes; the claim's cap count gets its own (logistics.customer.account.init)."""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS logistics_customer_account_pool_rule_index")
