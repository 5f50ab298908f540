result = "hello " + query.get("name", "world")
