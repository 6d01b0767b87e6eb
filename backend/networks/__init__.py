"""Networks: services supporting one another, each network a store of its own."""
