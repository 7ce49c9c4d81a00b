"""A bounded, thread-safe LRU cache of query answers, keyed with the dataset version."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from extratex_kg.sparql import QueryResponse


class AnswerCache:
    """Least-recently-used answers, up to a total body size in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, QueryResponse] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> QueryResponse | None:
        with self._lock:
            answer = self._entries.get(key)
            if answer is None:
                return None
            self._entries.move_to_end(key)
            return answer

    def put(self, key: Hashable, answer: QueryResponse) -> None:
        size = len(answer.body)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= len(evicted.body)
