#!/usr/bin/env python3
"""Counts Olist late hand-overs and late deliveries straight from the export CSVs (Python standard library only),
under the same definitions as `luyue import --format olist DIR | luyue replay -` (docs/adapters.md), and under the
naive definitions of the dataset's SOURCE.md, so that any difference between the two can be explained line by line.

    python3 docs/adapters/olist_direct_count.py ../shared/data/olist-brazilian-ecommerce-subset

Times are compared as naive local (Brazil) timestamps, which is what the export holds.
"""
import csv
import os
import sys
from datetime import datetime, timedelta

CLOSED = {"canceled", "unavailable"}


def read(directory, name):
    with open(os.path.join(directory, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main(directory):
    orders = read(directory, "olist_orders_dataset.csv")
    limits = {}
    for item in read(directory, "olist_order_items_dataset.csv"):
        limits.setdefault(item["order_id"], []).append(item["shipping_limit_date"])

    recorded = ("order_purchase_timestamp", "order_approved_at", "order_delivered_carrier_date", "order_delivered_customer_date")
    last = {o["order_id"]: max(o[c] for c in recorded if o[c]) for o in orders}
    as_of = max(last.values())  # the closing clock: the export's last recorded event

    handover = {"late (handed over at or after the limit)": 0, "never handed over by the closing clock": 0}
    delivery = {"late (delivered on or after the day after the estimate)": 0, "never delivered by the closing clock": 0}
    naive_handover = naive_delivery = late_not_delivered_status = 0
    at_limit_second = 0
    for o in orders:
        oid = o["order_id"]
        # Judged until the order stops: the closing clock, or for canceled/unavailable orders their last recorded time.
        stop = last[oid] if o["order_status"] in CLOSED else as_of
        carrier, customer = o["order_delivered_carrier_date"], o["order_delivered_customer_date"]

        if oid in limits:
            ship_by = min(limits[oid])
            # Met only by a hand-over strictly before the limit (RULES §1); judged once the limit has passed before the stop.
            if ship_by <= stop and not (carrier and carrier < ship_by):
                handover["late (handed over at or after the limit)" if carrier else "never handed over by the closing clock"] += 1
            if carrier and carrier > ship_by:
                naive_handover += 1
            if carrier and carrier == ship_by:
                at_limit_second += 1

        estimate = o["order_estimated_delivery_date"]
        deadline = (datetime.fromisoformat(estimate).date() + timedelta(days=1)).isoformat() + " 00:00:00"
        if deadline <= stop and not (customer and customer < deadline):
            delivery["late (delivered on or after the day after the estimate)" if customer else "never delivered by the closing clock"] += 1
            if customer and o["order_status"] != "delivered":
                late_not_delivered_status += 1
        if o["order_status"] == "delivered" and customer and customer[:10] > estimate[:10]:
            naive_delivery += 1

    print(f"closing clock (last recorded event): {as_of}")
    print(f"late hand-overs: {sum(handover.values())}")
    for k, v in handover.items():
        print(f"  {k}: {v}")
    print(f"late deliveries: {sum(delivery.values())}")
    for k, v in delivery.items():
        print(f"  {k}: {v}")
    print("naive counts (SOURCE.md definitions):")
    print(f"  hand-over later than the earliest shipping_limit_date: {naive_handover}"
          f" (+ {at_limit_second} handed over exactly at the limit second, late under RULES §1)")
    print(f"  delivered orders that arrived on a later calendar date than the estimate: {naive_delivery}"
          f" (+ {late_not_delivered_status} late delivery of an order whose status is not 'delivered')")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: olist_direct_count.py DIR")
    main(sys.argv[1])
