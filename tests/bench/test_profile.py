from bench.profile import component_shares, costs

# py-spy's raw output: a stack of frames (outermost first) and how many samples it had.
COLLAPSED = [
    "process 1;handle_message (rasa/core/processor.py:10);parse_message (rasa/core/processor.py:20);"
    "detect (/src/bot/i18n/detect.py:5) 3",
    "process 1;handle_message (rasa/core/processor.py:10);_write (/src/bot/storage/tracker_store.py:90) 1",
    "process 1;_worker (/usr/lib/python3.10/concurrent/futures/thread.py:80) 50",  # an idle worker thread
    "garbled line",
]


def test_costs_are_inclusive_shares_of_the_busy_samples():
    shares = dict(costs(COLLAPSED, top=5))
    assert shares["parse_message (rasa/core/processor.py)"] == 0.75
    assert shares["detect (bot/i18n/detect.py)"] == 0.75
    assert shares["_write (bot/storage/tracker_store.py)"] == 0.25
    assert "handle_message (rasa/core/processor.py)" not in shares  # in every sample: the root, not a cost


def test_each_part_of_a_message_counts_a_sample_once():
    shares = dict(component_shares(COLLAPSED))
    assert shares["the whole message (Rasa's MessageProcessor.handle_message)"] == 1.0
    assert shares["language detection (bot/i18n/detect.py)"] == 0.75
    assert shares["saving the tracker (tracker store, also in its worker thread)"] == 0.25
